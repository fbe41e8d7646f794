package org.kerys.selfdata.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Self-data settings ({@code kerys.selfdata.*}, or {@code KERYS_SELFDATA_*}). The keys themselves
 * ({@code kerys.selfdata.key}, {@code previous-key}, {@code hmac-key}) are read by {@code PersonalKeys}.
 *
 * @param connectTimeout how long to wait for a producer node's connection
 * @param totalTimeout how long one node call (matching or data) may take, answer included
 * @param maxResponseSize the largest node answer read; a larger one is a node failure
 * @param allowPrivate whether every node may be on a private, loopback or link-local address (otherwise only those of
 * a {@code nodes} entry that allows it)
 * @param nodes per URL prefix of nodes: whether it may be private, and headers to add (the node's credentials)
 * @param maxAttachmentSize the largest attachment of a request
 * @param maxAttachments how many attachments a request may carry
 */
@ConfigurationProperties("kerys.selfdata")
record SelfdataSettings(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("20s") Duration totalTimeout,
		@DefaultValue("4MB") DataSize maxResponseSize, @DefaultValue("false") boolean allowPrivate,
		List<Node> nodes, @DefaultValue("2MB") DataSize maxAttachmentSize, @DefaultValue("5") int maxAttachments) {

	SelfdataSettings {
		nodes = nodes == null ? List.of() : List.copyOf(nodes);
	}

	/** What Kerys adds to calls of nodes whose URL starts with {@code urlPrefix} (the longest matching prefix wins). */
	record Node(String urlPrefix, @DefaultValue("false") boolean allowPrivate, Map<String, String> headers) {

		Node {
			headers = headers == null ? Map.of() : Map.copyOf(headers);
		}
	}

	java.util.Optional<Node> node(String url) {
		return nodes.stream().filter(n -> n.urlPrefix() != null && url.startsWith(n.urlPrefix()))
				.max(java.util.Comparator.comparingInt(n -> n.urlPrefix().length()));
	}
}
