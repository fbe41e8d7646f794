package org.kerys.platform;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which addresses Kerys may call out to: the one rule shared by federation (nodes, harvested catalogues) and the
 * access gateway (producers' services). Private, loopback, link-local, multicast, unspecified, carrier-grade NAT and
 * unique-local IPv6 addresses are internal: reachable only when the configuration allowed them for that target.
 */
public final class OutboundAddresses {

	private OutboundAddresses() {
	}

	/** Why a URL may not be called; {@link #internal()} when only the network rule refused it. */
	public static final class Refused extends Exception {

		private final boolean internal;

		Refused(String message, boolean internal, Throwable cause) {
			super(message, cause);
			this.internal = internal;
		}

		/** Whether the URL was well formed and resolved, but to an internal address not allowed. */
		public boolean internal() {
			return internal;
		}
	}

	/**
	 * Resolves the URL's host and refuses it unless it is http(s) and every address it resolves to may be reached.
	 * The JDK caches the resolution (30 s by default), so the connection that follows uses the addresses checked
	 * here.
	 */
	public static void check(URI uri, boolean allowPrivate) throws Refused {
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			throw new Refused("Only http and https URLs are called: " + uri, false, null);
		}
		String host = uri.getHost();
		if (host == null || host.isBlank()) {
			throw new Refused("No host in " + uri, false, null);
		}
		InetAddress[] resolved;
		try {
			resolved = InetAddress.getAllByName(host);
		}
		catch (UnknownHostException e) {
			throw new Refused("Unknown host " + host, false, e);
		}
		if (allowPrivate) {
			return;
		}
		for (InetAddress address : resolved) {
			if (isInternal(address)) {
				throw new Refused("Refused: " + host + " resolves to " + address.getHostAddress()
						+ ", a private, loopback, link-local or multicast address (not allowed by the configuration).",
						true, null);
			}
		}
	}

	public static boolean isInternal(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = bytes[0] & 0xff;
			int second = bytes[1] & 0xff;
			return first == 0 // "this network"
					|| (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
					|| (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // IETF protocol assignments
					|| (first == 198 && (second == 18 || second == 19)) // benchmarking
					|| first >= 240; // reserved, broadcast
		}
		if (address instanceof Inet6Address) {
			int first = bytes[0] & 0xff;
			if ((first & 0xfe) == 0xfc) { // unique local fc00::/7
				return true;
			}
			if (isEmbeddedIpv4(bytes)) {
				try {
					return isInternal(InetAddress.getByAddress(new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] }));
				}
				catch (UnknownHostException e) {
					return true;
				}
			}
		}
		return false;
	}

	/** IPv4-compatible (::a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) addresses carry an IPv4 address to check. */
	private static boolean isEmbeddedIpv4(byte[] bytes) {
		boolean zeros = true;
		for (int i = 0; i < 12; i++) {
			zeros &= bytes[i] == 0;
		}
		boolean nat64 = (bytes[0] & 0xff) == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
				&& (bytes[3] & 0xff) == 0x9b;
		for (int i = 4; nat64 && i < 12; i++) {
			nat64 &= bytes[i] == 0;
		}
		return zeros || nat64;
	}
}
