package org.kerys.federation.internal.outbound;

import java.net.InetAddress;
import java.net.URI;

import org.kerys.platform.OutboundAddresses;

/**
 * Federation's view of {@link OutboundAddresses}, the one rule on which addresses Kerys may call (shared with the
 * access gateway): its refusals become federation's {@link OutboundRefused} / {@link AddressRefused}.
 */
final class Addresses {

	private Addresses() {
	}

	/** @see OutboundAddresses#check */
	static void check(URI uri, boolean allowPrivate) throws OutboundRefused {
		try {
			OutboundAddresses.check(uri, allowPrivate);
		}
		catch (OutboundAddresses.Refused e) {
			if (e.internal()) {
				throw new AddressRefused(e.getMessage());
			}
			throw e.getCause() == null ? new OutboundRefused(e.getMessage()) : new OutboundRefused(e.getMessage(), e.getCause());
		}
	}

	static boolean isInternal(InetAddress address) {
		return OutboundAddresses.isInternal(address);
	}
}
