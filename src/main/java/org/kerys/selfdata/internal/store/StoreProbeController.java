package org.kerys.selfdata.internal.store;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.kerys.identity.AccessPolicy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * For the benchmark only ({@code kerys.selfdata.store.probe=true}; absent otherwise): times {@link PersonalStore}
 * through HTTP, for the producer's editors. It answers a subject's data to whoever may upload the store anyway (they
 * hold it), and is never enabled in production.
 */
@RestController
@ConditionalOnProperty(name = "kerys.selfdata.store.probe", havingValue = "true")
class StoreProbeController {

	private final PersonalStore store;
	private final StoreRules rules;

	StoreProbeController(PersonalStore store, StoreRules rules) {
		this.store = store;
		this.rules = rules;
	}

	/** {@code what}: match (found or not), gdata or tpbc (match, then that subject's data, as a citizen's call). */
	@PostMapping("/api/selfdata/{datasetId}/store/probe")
	Map<String, Object> probe(@PathVariable UUID datasetId, @RequestParam(defaultValue = "match") String what,
			@RequestBody Map<String, String> matching) {
		rules.checkUpload(AccessPolicy.caller(), datasetId);
		long started = System.nanoTime();
		Optional<String> subject = store.match(datasetId, matching);
		long matched = System.nanoTime();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("found", subject.isPresent());
		if (subject.isPresent() && "gdata".equals(what)) {
			answer.put("data", store.gdata(datasetId, subject.get()));
		}
		else if (subject.isPresent() && "tpbc".equals(what)) {
			answer.put("data", store.tpbc(datasetId, subject.get(), LocalDate.of(2000, 1, 1), LocalDate.of(2100, 1, 1)));
		}
		answer.put("match_micros", (matched - started) / 1000);
		answer.put("total_micros", (System.nanoTime() - started) / 1000);
		return answer;
	}
}
