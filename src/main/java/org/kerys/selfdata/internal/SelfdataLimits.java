package org.kerys.selfdata.internal;

import org.springframework.stereotype.Component;

/** The self-data settings in force; tests replace them (short timeouts, the test's node on the loopback). */
@Component
class SelfdataLimits {

	private volatile SelfdataSettings settings;

	SelfdataLimits(SelfdataSettings settings) {
		this.settings = settings;
	}

	SelfdataSettings settings() {
		return settings;
	}

	void settings(SelfdataSettings settings) {
		this.settings = settings;
	}
}
