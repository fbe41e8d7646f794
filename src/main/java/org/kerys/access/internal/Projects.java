package org.kerys.access.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reuse projects, their datasets and the data requests they make. */
@Repository
class Projects {

	private static final String COLUMNS = """
			p.id, p.title, p.description, p.type, p.themes, p.expected_start, p.expected_end, p.contact, p.public,
			p.owner_organization_id, p.created_by, p.moderation, p.created_at, p.updated_at,
			coalesce((select array_agg(d.dataset_id order by d.linked_at, d.dataset_id) from project_datasets d
			  where d.project_id = p.id), '{}')""";

	private final JdbcClient jdbc;

	Projects(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Project p) {
		jdbc.sql("""
				insert into projects (id, title, description, type, themes, expected_start, expected_end, contact, public,
				  owner_organization_id, created_by, moderation)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(p.id(), p.title(), p.description(), p.type(), p.themes().toArray(String[]::new),
						date(p.expectedStart()), date(p.expectedEnd()), p.contact(), p.isPublic(),
						p.ownerOrganizationId(), p.createdBy(), p.moderation())
				.update();
	}

	void update(Project p) {
		jdbc.sql("""
				update projects set title = ?, description = ?, type = ?, themes = ?, expected_start = ?, expected_end = ?,
				  contact = ?, public = ?, owner_organization_id = ?, moderation = ?, updated_at = now() where id = ?""")
				.params(p.title(), p.description(), p.type(), p.themes().toArray(String[]::new), date(p.expectedStart()),
						date(p.expectedEnd()), p.contact(), p.isPublic(), p.ownerOrganizationId(), p.moderation(), p.id())
				.update();
	}

	void moderate(UUID id, String moderation) {
		jdbc.sql("update projects set moderation = ? where id = ?").params(moderation, id).update();
	}

	Optional<Project> find(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from projects p where p.id = ?").param(id).query(Projects::row)
				.optional();
	}

	/** The projects an account created or whose owner organisation it belongs to, newest first. */
	List<Project> of(UUID accountId, Collection<UUID> organizations) {
		return jdbc.sql("select " + COLUMNS + """
				 from projects p where p.created_by = ? or p.owner_organization_id = any(?)
				order by p.created_at desc, p.id""")
				.params(accountId, organizations.toArray(UUID[]::new)).query(Projects::row).list();
	}

	/** Public approved projects (all of them, or those that use this dataset), newest first. */
	List<Project> shown(UUID datasetId, int limit, int offset) {
		return jdbc.sql("select " + COLUMNS + """
				 from projects p where p.public and p.moderation = 'approved'
				and (cast(? as uuid) is null or exists (select 1 from project_datasets d where d.project_id = p.id
				  and d.dataset_id = ?))
				order by p.created_at desc, p.id limit ? offset ?""")
				.params(datasetId, datasetId, limit, offset).query(Projects::row).list();
	}

	/** Public projects in this moderation state, oldest first (the moderators' queue). */
	List<Project> moderated(String moderation, int limit) {
		return jdbc.sql("select " + COLUMNS + """
				 from projects p where p.public and p.moderation = ? order by p.created_at, p.id limit ?""")
				.params(moderation, limit).query(Projects::row).list();
	}

	/** @return whether the link is new */
	boolean link(UUID projectId, UUID datasetId) {
		return jdbc.sql("insert into project_datasets (project_id, dataset_id) values (?, ?) on conflict do nothing")
				.params(projectId, datasetId).update() > 0;
	}

	boolean unlink(UUID projectId, UUID datasetId) {
		return jdbc.sql("delete from project_datasets where project_id = ? and dataset_id = ?")
				.params(projectId, datasetId).update() > 0;
	}

	/** A request for data that does not exist yet. */
	record DataRequest(UUID id, @com.fasterxml.jackson.annotation.JsonProperty("project_id") UUID projectId,
			@com.fasterxml.jackson.annotation.JsonProperty("project_title") String projectTitle, String title,
			String description, @com.fasterxml.jackson.annotation.JsonProperty("created_at") OffsetDateTime createdAt) {
	}

	void insertDataRequest(UUID id, UUID projectId, String title, String description, UUID createdBy) {
		jdbc.sql("insert into data_requests (id, project_id, title, description, created_by) values (?, ?, ?, ?, ?)")
				.params(id, projectId, title, description, createdBy).update();
	}

	List<DataRequest> dataRequests(int limit, int offset) {
		return jdbc.sql("""
				select r.id, r.project_id, p.title, r.title, r.description, r.created_at from data_requests r
				join projects p on p.id = r.project_id order by r.created_at desc, r.id limit ? offset ?""")
				.params(limit, offset).query(Projects::dataRequest).list();
	}

	/** A project's requests for data, newest first. */
	List<DataRequest> dataRequestsOf(UUID projectId, int limit) {
		return jdbc.sql("""
				select r.id, r.project_id, p.title, r.title, r.description, r.created_at from data_requests r
				join projects p on p.id = r.project_id where r.project_id = ? order by r.created_at desc, r.id limit ?""")
				.params(projectId, limit).query(Projects::dataRequest).list();
	}

	Optional<DataRequest> dataRequest(UUID id) {
		return jdbc.sql("""
				select r.id, r.project_id, p.title, r.title, r.description, r.created_at from data_requests r
				join projects p on p.id = r.project_id where r.id = ?""")
				.param(id).query(Projects::dataRequest).optional();
	}

	private static DataRequest dataRequest(ResultSet rs, int i) throws SQLException {
		return new DataRequest(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
				rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class));
	}

	private static Project row(ResultSet rs, int i) throws SQLException {
		return new Project(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
				List.of((String[]) rs.getArray(5).getArray()), rs.getObject(6, LocalDate.class),
				rs.getObject(7, LocalDate.class), rs.getString(8), rs.getBoolean(9), rs.getObject(10, UUID.class),
				rs.getObject(11, UUID.class), rs.getString(12), rs.getObject(13, OffsetDateTime.class),
				rs.getObject(14, OffsetDateTime.class), List.of((UUID[]) rs.getArray(15).getArray()));
	}

	private static Date date(LocalDate date) {
		return date == null ? null : Date.valueOf(date);
	}
}
