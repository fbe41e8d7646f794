package org.kerys.selfdata.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationContext;
import org.springframework.util.unit.DataSize;

/**
 * For the self-data pages' tests outside this package (the browser's): lets Kerys call a test node on the loopback
 * with short timeouts, until closed.
 */
public final class SelfdataPagesTestSupport {

	private SelfdataPagesTestSupport() {
	}

	public static AutoCloseable allowNode(ApplicationContext context, String nodeUrl) {
		SelfdataLimits limits = context.getBean(SelfdataLimits.class);
		SelfdataSettings original = limits.settings();
		limits.settings(new SelfdataSettings(Duration.ofSeconds(2), Duration.ofSeconds(3), DataSize.ofKilobytes(64),
				false, List.of(new SelfdataSettings.Node(nodeUrl, true, Map.of())), DataSize.ofKilobytes(64), 3));
		return () -> limits.settings(original);
	}
}
