package org.kerys.federation.internal.outbound;

/** An outbound call not made: the address (or a redirect's) is internal and the caller did not allow it. */
public class AddressRefused extends OutboundRefused {

	public AddressRefused(String message) {
		super(message);
	}
}
