package org.kerys.selfdata.internal.store;

import java.util.UUID;

import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.identity.AccessPolicy;
import org.kerys.identity.OrganizationRole;
import org.kerys.identity.TokenScope;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * Who may touch a dataset's personal-data store, decided on {@link AccessPolicy}: only people of the dataset's
 * producer organisation. Editors and admins (with {@code media.write}) upload; any member sees the status. Nobody
 * else, administrators included: the records are the citizens', and the organisation that holds them answers for
 * them.
 */
@Component
class StoreRules {

	static final String NOT_SELFDATA = "KRS-409-NOT-SELFDATA";

	private final AccessPolicy policy;
	private final Catalog catalog;

	StoreRules(AccessPolicy policy, Catalog catalog) {
		this.policy = policy;
		this.catalog = catalog;
	}

	/** A self-data dataset whose store the caller may replace (401, 404, 409 or 403 otherwise). */
	SelfdataDataset checkUpload(Authentication caller, UUID datasetId) {
		SelfdataDataset dataset = dataset(caller, datasetId);
		AccessPolicy.check(policy.hasScope(caller, TokenScope.MEDIA_WRITE) && policy.roleIn(caller, dataset.producerId())
				.map(role -> role.includes(OrganizationRole.EDITOR)).orElse(false),
				"Only editors of the dataset's producer organisation upload its personal-data store.");
		return dataset;
	}

	/** A self-data dataset whose store status the caller may see. */
	SelfdataDataset checkStatus(Authentication caller, UUID datasetId) {
		SelfdataDataset dataset = dataset(caller, datasetId);
		AccessPolicy.check(policy.roleIn(caller, dataset.producerId()).isPresent(),
				"Only members of the dataset's producer organisation see its personal-data store.");
		return dataset;
	}

	private SelfdataDataset dataset(Authentication caller, UUID datasetId) {
		if (!policy.isAccount(caller)) {
			throw new ProblemException(HttpStatus.UNAUTHORIZED, "KRS-401",
					"Sign in (or send a personal token) as a member of the dataset's producer.");
		}
		DatasetRecord record = catalog.dataset(datasetId)
				.orElseThrow(() -> ProblemException.notFound("ERR-104", "No dataset " + datasetId + "."));
		SelfdataDataset dataset = SelfdataDataset.of(record);
		if (record.regime() != AccessRegime.SELFDATA) {
			// the producer's people learn it; others are refused first
			AccessPolicy.check(policy.roleIn(caller, dataset.producerId()).isPresent(), "Not a member of the producer.");
			throw new ProblemException(HttpStatus.CONFLICT, NOT_SELFDATA,
					"Dataset " + datasetId + " is not a self-data dataset: it has no personal-data store.");
		}
		return dataset;
	}

	/** What the store needs of a self-data dataset's metadata. */
	record SelfdataDataset(UUID id, UUID producerId, String title, JsonNode matchingData, JsonNode storagePeriod) {

		static SelfdataDataset of(DatasetRecord record) {
			JsonNode metadata = record.metadata();
			JsonNode content = metadata.path("ext_metadata").path("ext_selfdata").path("ext_selfdata_content");
			UUID producer;
			try {
				producer = UUID.fromString(metadata.path("producer").path("organization_id").asString(""));
			}
			catch (IllegalArgumentException e) {
				producer = null;
			}
			return new SelfdataDataset(record.globalId(), producer, metadata.path("resource_title").asString(""),
					content.path("matching_data"), content.path("storage_period"));
		}
	}
}
