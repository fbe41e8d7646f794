package org.kerys.selfdata.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;

import org.kerys.selfdata.internal.store.PersonalStore;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The built-in personal store as a {@link SubjectSource}: a dataset whose producer uploaded its records is matched
 * and read here (before any node). The subject key the store answers is kept sealed like a node's token.
 */
@Component
class StoreSource implements SubjectSource {

	private final PersonalStore store;

	StoreSource(PersonalStore store) {
		this.store = store;
	}

	@Override
	public String mode() {
		return "STORE";
	}

	@Override
	public boolean serves(SelfdataDataset dataset) {
		return store.holds(dataset.id());
	}

	@Override
	public Match match(SelfdataDataset dataset, String login, Map<String, String> matching) {
		return store.match(dataset.id(), matching)
				.map(key -> new Match(true, key.getBytes(StandardCharsets.UTF_8), null)).orElse(Match.none());
	}

	@Override
	public JsonNode gdata(SelfdataDataset dataset, String login, byte[] secret) {
		return store.gdata(dataset.id(), new String(secret, StandardCharsets.UTF_8));
	}

	@Override
	public JsonNode tpbc(SelfdataDataset dataset, String login, byte[] secret, LocalDate min, LocalDate max) {
		return store.tpbc(dataset.id(), new String(secret, StandardCharsets.UTF_8), min, max);
	}

	@Override
	public String actor(SelfdataDataset dataset) {
		return "kerys";
	}
}
