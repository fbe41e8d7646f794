package org.kerys.federation.internal.harvest;

import java.net.URI;

import org.kerys.federation.internal.harvest.ckan.CkanCatalogue;
import org.kerys.federation.internal.harvest.dcat.DcatCatalogue;
import org.kerys.federation.internal.harvest.opendatasoft.OpendatasoftCatalogue;
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
	 */
	public RemoteCatalogue of(String type, URI url, boolean allowPrivateNetwork) {
		return switch (type) {
			case "rudi" -> new RudiNodeCatalogue(url, http, allowPrivateNetwork);
			case "ckan" -> new CkanCatalogue(url, http, allowPrivateNetwork);
			case "dcat" -> new DcatCatalogue(url, http, allowPrivateNetwork);
			case "opendatasoft" -> new OpendatasoftCatalogue(url, http, allowPrivateNetwork);
			default -> throw new IllegalArgumentException("Unknown kind of catalogue: " + type);
		};
	}
}
