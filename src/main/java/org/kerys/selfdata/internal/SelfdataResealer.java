package org.kerys.selfdata.internal;

import java.util.List;
import java.util.UUID;

import org.kerys.selfdata.internal.crypto.PersonalKeys;
import org.kerys.selfdata.internal.crypto.Resealer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Seals again, under the current key, the matching values, matches, files and messages of self-data requests. */
@Component
class SelfdataResealer implements Resealer {

	private static final int BATCH = 200;

	private final Requests requests;
	private final Attachments attachments;
	private final Tasks tasks;
	private final PersonalKeys keys;
	private final TransactionTemplate transaction;

	SelfdataResealer(Requests requests, Attachments attachments, Tasks tasks, PersonalKeys keys,
			TransactionTemplate transaction) {
		this.requests = requests;
		this.attachments = attachments;
		this.tasks = tasks;
		this.keys = keys;
		this.transaction = transaction;
	}

	@Override
	public String what() {
		return "self-data requests, files and tasks";
	}

	@Override
	public int resealAll() {
		String current = keys.currentKeyId();
		int done = 0;
		while (true) {
			Integer batch = transaction.execute(status -> {
				List<UUID> ids = requests.underOtherKey(current, BATCH);
				ids.forEach(id -> requests.resealed(id, keys));
				List<UUID> files = attachments.underOtherKey(current, BATCH);
				files.forEach(attachments::reseal);
				List<UUID> messages = tasks.underOtherKey(current, BATCH);
				messages.forEach(tasks::reseal);
				return ids.size() + files.size() + messages.size();
			});
			if (batch == null || batch == 0) {
				return done;
			}
			done += batch;
		}
	}

	@Override
	public long countUnder(String keyId) {
		return requests.countUnder(keyId) + attachments.countUnder(keyId) + tasks.countUnder(keyId);
	}
}
