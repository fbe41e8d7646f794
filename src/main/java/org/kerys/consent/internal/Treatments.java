package org.kerys.consent.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.kerys.platform.CanonicalJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/** Treatments and their versions, as stored. */
@Repository
class Treatments {

	static final String DRAFT = "DRAFT";
	static final String PUBLISHED = "PUBLISHED";
	static final String OBSOLETE = "OBSOLETE";

	private final JdbcClient jdbc;

	Treatments(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A treatment's head: who owns it. */
	record Treatment(UUID id, UUID organizationId, UUID createdBy, OffsetDateTime createdAt) {
	}

	/** One version of a treatment; {@code sha256} is the digest of the canonical JSON of {@code content}, once published. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Version(@JsonProperty("treatment_id") UUID treatmentId, int version, String status, JsonNode content,
			String sha256, @JsonProperty("created_at") OffsetDateTime createdAt,
			@JsonProperty("updated_at") OffsetDateTime updatedAt,
			@JsonProperty("published_at") OffsetDateTime publishedAt,
			@JsonProperty("obsolete_at") OffsetDateTime obsoleteAt) {

		boolean published() {
			return PUBLISHED.equals(status);
		}
	}

	void insert(UUID id, UUID organizationId, UUID createdBy) {
		jdbc.sql("insert into treatments (id, organization_id, created_by) values (?, ?, ?)")
				.params(id, organizationId, createdBy).update();
	}

	void insertVersion(UUID treatmentId, int version, JsonNode content) {
		jdbc.sql("insert into treatment_versions (treatment_id, version, status, content) values (?, ?, 'DRAFT', cast(? as jsonb))")
				.params(treatmentId, version, CanonicalJson.write(content)).update();
	}

	/** Changes a draft's content; false when the version is not (or no longer) a draft. */
	boolean updateDraft(UUID treatmentId, int version, JsonNode content) {
		return jdbc.sql("""
				update treatment_versions set content = cast(? as jsonb), updated_at = now()
				where treatment_id = ? and version = ? and status = 'DRAFT'""")
				.params(CanonicalJson.write(content), treatmentId, version).update() == 1;
	}

	/**
	 * Publishes a draft with the digest of its content, and makes the version published before it obsolete; false
	 * when the version is not a draft.
	 */
	boolean publish(UUID treatmentId, int version, String sha256) {
		jdbc.sql("""
				update treatment_versions set status = 'OBSOLETE', obsolete_at = now()
				where treatment_id = ? and status = 'PUBLISHED' and version <> ?""")
				.params(treatmentId, version).update();
		return jdbc.sql("""
				update treatment_versions set status = 'PUBLISHED', sha256 = ?, published_at = now(), updated_at = now()
				where treatment_id = ? and version = ? and status = 'DRAFT'""")
				.params(sha256, treatmentId, version).update() == 1;
	}

	/** The treatment, locked until the end of the transaction (so versions change one at a time). */
	Optional<Treatment> lock(UUID id) {
		return jdbc.sql("select id, organization_id, created_by, created_at from treatments where id = ? for update")
				.param(id).query(Treatments::treatment).optional();
	}

	Optional<Treatment> find(UUID id) {
		return jdbc.sql("select id, organization_id, created_by, created_at from treatments where id = ?").param(id)
				.query(Treatments::treatment).optional();
	}

	/** The treatments of these organisations (null: of every organisation), newest first. */
	List<Treatment> of(Collection<UUID> organizations, int limit, int offset) {
		return jdbc.sql("""
				select id, organization_id, created_by, created_at from treatments
				where cast(? as uuid[]) is null or organization_id = any(?)
				order by created_at desc, id limit ? offset ?""")
				.params(organizations == null ? null : organizations.toArray(UUID[]::new),
						organizations == null ? null : organizations.toArray(UUID[]::new), limit, offset)
				.query(Treatments::treatment).list();
	}

	/** Every version of a treatment, the first first. */
	List<Version> versions(UUID treatmentId) {
		return jdbc.sql("select " + VERSION + " from treatment_versions where treatment_id = ? order by version")
				.param(treatmentId).query(Treatments::version).list();
	}

	Optional<Version> version(UUID treatmentId, int version) {
		return jdbc.sql("select " + VERSION + " from treatment_versions where treatment_id = ? and version = ?")
				.params(treatmentId, version).query(Treatments::version).optional();
	}

	/** The version in force, if one is published. */
	Optional<Version> published(UUID treatmentId) {
		return jdbc.sql("select " + VERSION + " from treatment_versions where treatment_id = ? and status = 'PUBLISHED'")
				.param(treatmentId).query(Treatments::version).optional();
	}

	int lastVersion(UUID treatmentId) {
		return jdbc.sql("select coalesce(max(version), 0) from treatment_versions where treatment_id = ?")
				.param(treatmentId).query(Integer.class).single();
	}

	private static final String VERSION = """
			treatment_id, version, status, content::text, sha256, created_at, updated_at, published_at, obsolete_at""";

	private static Treatment treatment(ResultSet rs, int i) throws SQLException {
		return new Treatment(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
				rs.getObject(4, OffsetDateTime.class));
	}

	private static Version version(ResultSet rs, int i) throws SQLException {
		return new Version(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3),
				CanonicalJson.read(rs.getString(4)), rs.getString(5), rs.getObject(6, OffsetDateTime.class),
				rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class),
				rs.getObject(9, OffsetDateTime.class));
	}
}
