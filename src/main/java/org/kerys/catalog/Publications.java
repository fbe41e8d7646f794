package org.kerys.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.kerys.platform.ProblemException.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * Writes to the catalogue on behalf of a producer node (the push intake of federation), with the same validation,
 * codes, identifier checks, events and audit entries as the RUDI producer API, but answered as outcomes instead of
 * thrown: a node learns of a refusal from its integration report. Each method joins the caller's transaction and
 * writes nothing when it refuses.
 */
public interface Publications {

	/**
	 * What became of one pushed record.
	 *
	 * @param id the dataset or organisation concerned, when the record named a readable one
	 * @param errors empty when the record was applied; else every problem, with its RUDI code
	 * @param warnings legacy values that were mapped to the spec (lenient reading), with the code strict mode gives
	 */
	record Outcome(UUID id, boolean created, List<FieldError> errors, List<FieldError> warnings) {

		public Outcome {
			errors = List.copyOf(errors);
			warnings = List.copyOf(warnings);
		}

		public boolean applied() {
			return errors.isEmpty();
		}
	}

	/**
	 * Creates ({@code replace} false: the global id must be new) or replaces ({@code replace} true: it must exist) a
	 * dataset from RUDI metadata. Its producer, and its metadata provider when it names one, must be among
	 * {@code organizations} (ERR-403, ERR-303); a replaced dataset's stored producer too.
	 *
	 * @param actor who writes, as the audit ledger records it (a node's client id)
	 */
	Outcome publish(JsonNode metadata, boolean replace, Set<UUID> organizations, String actor, Locale locale);

	/**
	 * A record pushed by a node: the arguments of {@link #publish(JsonNode, boolean, Set, String, Locale)}.
	 *
	 * @param replace PUT (the dataset must exist) rather than POST (it must not)
	 * @param organizations the node's organisations
	 * @param actor the node's client id, as the audit ledger records it
	 * @param locale of the errors
	 */
	record Push(JsonNode metadata, boolean replace, Set<UUID> organizations, String actor, Locale locale) {
	}

	/**
	 * Several pushed records of different datasets, each checked and applied as
	 * {@link #publish(JsonNode, boolean, Set, String, Locale)} applies it alone, written together: a few statements for
	 * them all. A refused record leaves no trace; the others are written.
	 *
	 * @return one outcome per record, in their order
	 */
	List<Outcome> publish(List<Push> pushes);

	/**
	 * Creates or replaces datasets read from a harvested catalogue (their {@code global_id} and producer already set
	 * by the harvest), read leniently as {@link #publish} reads a node's push, together (one page of a harvest). Each
	 * one's producer, and its metadata provider when it names one, must be among {@code organizations} (ERR-403,
	 * ERR-303); so must a replaced dataset's stored producer (ERR-403), so that a harvest never takes over another
	 * producer's dataset. A refused record leaves no trace; the others are written.
	 *
	 * @param actor who writes, as the audit ledger records it (the harvest)
	 * @return one outcome per record, in their order
	 */
	List<Outcome> harvest(List<JsonNode> records, Set<UUID> organizations, String actor, Locale locale);

	/** Deletes a dataset of one of {@code organizations} (ERR-104 when unknown, ERR-403 when not theirs). */
	Outcome withdraw(UUID globalId, Set<UUID> organizations, String actor, Locale locale);

	/**
	 * Creates or replaces an organisation (RUDI {@code Organization}) that must be one of {@code organizations}
	 * (ERR-403); the same validation as {@code /api/v1/organizations}.
	 */
	Outcome saveOrganization(JsonNode organization, Set<UUID> organizations, Locale locale);
}
