package org.kerys.selfdata;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * What other modules may ask of self-data: whether an account is the data subject of a dataset (it asked for its
 * data and the producer found it), and that subject's data. A subject id is the id of the citizen's completed
 * request (stable until the citizen forgets the link), so the consent module can keep it without any personal
 * value. Every read is recorded on the citizen's "who accessed my data" list and in the audit ledger.
 */
public interface PersonalData {

	/** The subject id of this account for this dataset, if it has a live link (completed, data found, not forgotten). */
	Optional<UUID> subjectOf(UUID accountId, UUID datasetId);

	/** The account and dataset of a live subject id. */
	Optional<Subject> subject(UUID subjectId);

	/**
	 * The subject's generic data (RUDI gdata format), read for {@code reader}.
	 *
	 * @throws org.kerys.platform.ProblemException 404 when the link is gone, 410 when the producer's matching expired,
	 * 502/504 when the producer's node failed
	 */
	JsonNode gdata(UUID subjectId, Reader reader);

	/** The subject's time series (RUDI tpbc format) between two optional dates, read for {@code reader}. */
	JsonNode tpbc(UUID subjectId, LocalDate min, LocalDate max, Reader reader);

	/** A live link: whose data, of which dataset. */
	record Subject(UUID subjectId, UUID accountId, UUID datasetId) {
	}

	/**
	 * Who reads, as the citizen will see it: {@code citizen(login)} (the subject themself, e.g. through the gateway)
	 * or {@code service(name)} (a service the citizen consented to).
	 */
	record Reader(String kind, String name) {

		public static Reader citizen(String login) {
			return new Reader("CITIZEN", login);
		}

		public static Reader service(String name) {
			return new Reader("SERVICE", name);
		}
	}
}
