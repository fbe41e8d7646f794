package org.kerys.federation.internal.upstream;

/**
 * A call to the upstream portal that did not succeed: {@code retry} when it may succeed later (the portal is down,
 * slow, answers 5xx or refused our token), not when the portal refused what was sent (another 4xx).
 */
class UpstreamFailure extends Exception {

	private final boolean retry;

	UpstreamFailure(String message, boolean retry) {
		super(message);
		this.retry = retry;
	}

	boolean retry() {
		return retry;
	}
}
