package org.kerys.federation.internal.outbound;

/**
 * An outbound call that failed or was not made: an address not allowed, a timeout, an answer too large, a network
 * error. The message says which, for the node's page.
 */
public class OutboundRefused extends Exception {

	public OutboundRefused(String message) {
		super(message);
	}

	public OutboundRefused(String message, Throwable cause) {
		super(message, cause);
	}
}
