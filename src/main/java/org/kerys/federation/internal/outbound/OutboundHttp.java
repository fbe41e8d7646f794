package org.kerys.federation.internal.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * The one HTTP client of federation (reports to nodes now, harvesting later). Every call has a connect timeout and
 * a deadline, reads at most {@link OutboundSettings#maxResponseSize()} of the answer, and reaches only public
 * addresses unless the caller allows the private network; redirects are followed here, by hand, so that each target
 * is checked the same way (the JDK client follows none).
 */
@Component
public class OutboundHttp {

	private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

	/** Decides whether an address may be called (a seam for tests; {@link Addresses#check} otherwise). */
	@FunctionalInterface
	interface AddressCheck {
		void check(URI uri, boolean allowPrivate) throws OutboundRefused;
	}

	private final OutboundSettings settings;
	private final HttpClient client;
	private final AddressCheck addresses;

	@org.springframework.beans.factory.annotation.Autowired
	public OutboundHttp(OutboundSettings settings) {
		this(settings, Addresses::check);
	}

	OutboundHttp(OutboundSettings settings, AddressCheck addresses) {
		this.settings = settings;
		this.addresses = addresses;
		this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
				.followRedirects(HttpClient.Redirect.NEVER).build();
	}

	/** An answer, whatever its status; {@code body} is complete (within the size limit). */
	public record Response(int status, byte[] body, URI uri) {

		public boolean successful() {
			return status / 100 == 2;
		}
	}

	public Response get(URI uri, Map<String, String> headers, boolean allowPrivate) throws OutboundRefused {
		return send("GET", uri, headers, null, allowPrivate);
	}

	public Response put(URI uri, Map<String, String> headers, byte[] body, boolean allowPrivate) throws OutboundRefused {
		return send("PUT", uri, headers, body, allowPrivate);
	}

	/**
	 * Sends one request, following up to {@link OutboundSettings#maxRedirects()} redirects: 307 and 308 keep the
	 * method and body, the others become a GET.
	 */
	public Response send(String method, URI uri, Map<String, String> headers, byte[] body, boolean allowPrivate)
			throws OutboundRefused {
		URI target = uri;
		String currentMethod = method;
		byte[] currentBody = body;
		for (int hop = 0;; hop++) {
			addresses.check(target, allowPrivate);
			Exchanged response = exchange(currentMethod, target, headers, currentBody);
			String location = response.location();
			if (!REDIRECTS.contains(response.status()) || location == null) {
				return response.plain();
			}
			if (hop >= settings.maxRedirects()) {
				throw new OutboundRefused("Too many redirects from " + uri);
			}
			try {
				target = target.resolve(location.strip());
			}
			catch (IllegalArgumentException e) {
				throw new OutboundRefused("Unreadable redirect to " + location, e);
			}
			if (response.status() != 307 && response.status() != 308) {
				currentMethod = "GET";
				currentBody = null;
			}
		}
	}

	private record Exchanged(int status, byte[] body, URI uri, String location) {
		Response plain() {
			return new Response(status, body, uri);
		}
	}

	private Exchanged exchange(String method, URI target, Map<String, String> headers, byte[] body)
			throws OutboundRefused {
		HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(settings.readTimeout())
				.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofByteArray(body));
		headers.forEach(request::header);
		try {
			HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream in = response.body()) {
				long limit = settings.maxResponseSize().toBytes();
				byte[] read = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
				if (read.length > limit) {
					throw new OutboundRefused("The answer of " + target + " is larger than " + limit + " bytes.");
				}
				return new Exchanged(response.statusCode(), read, target,
						response.headers().firstValue("Location").orElse(null));
			}
		}
		catch (HttpTimeoutException e) {
			throw new OutboundRefused("No answer from " + target + " in time (" + e.getMessage() + ").", e);
		}
		catch (IOException e) {
			throw new OutboundRefused("Could not reach " + target + ": " + describe(e), e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new OutboundRefused("Interrupted while calling " + target, e);
		}
	}

	private static String describe(IOException e) {
		String message = e.getMessage();
		return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
	}
}
