package org.kerys.federation.internal.harvest;

import java.net.URI;

import org.kerys.federation.internal.harvest.rudi.RudiNodeCatalogue;
import org.kerys.federation.internal.outbound.OutboundHttp;
import org.springframework.stereotype.Component;

/** The reader of each kind of catalogue, all calling out through the one {@link OutboundHttp}. */
@Component
public class CatalogueReaders {

	/** The kinds of harvest source an administrator may create. */
	public static final java.util.List<String> TYPES = java.util.List.of("ckan", "dcat", "opendatasoft", "rudi");

	private final OutboundHttp http;

	CatalogueReaders(OutboundHttp http) {
		this.http = http;
	}

	/**
	 * @param url for {@code rudi}, the address of the RUDI producer API (before {@code /resources}); for the others,
	 *        the catalogue's address as the administrator gave it
	 * @throws UnsupportedOperationException for a kind whose reader is not in this build
	 */
	public RemoteCatalogue of(String type, URI url, boolean allowPrivateNetwork) {
		return switch (type) {
			case "rudi" -> new RudiNodeCatalogue(url, http, allowPrivateNetwork);
			// wired when the readers land: CkanCatalogue, DcatCatalogue, OpendatasoftCatalogue(url, http, allowPrivateNetwork)
			case "ckan" -> throw new UnsupportedOperationException("The CKAN reader is not yet in this build.");
			case "dcat" -> throw new UnsupportedOperationException("The DCAT-AP reader is not yet in this build.");
			case "opendatasoft" ->
				throw new UnsupportedOperationException("The Opendatasoft reader is not yet in this build.");
			default -> throw new IllegalArgumentException("Unknown kind of catalogue: " + type);
		};
	}
}
