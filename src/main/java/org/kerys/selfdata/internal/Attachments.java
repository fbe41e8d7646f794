package org.kerys.selfdata.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.kerys.selfdata.internal.crypto.PersonalKeys;
import org.kerys.selfdata.internal.crypto.PersonalKeys.Sealed;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Files a citizen joined to a request (matching fields of type ATTACHMENT): name, media type and content are sealed
 * together in one value; only the field code and the size are in clear. Deleted when the request closes.
 */
@Repository
class Attachments {

	private final JdbcClient jdbc;
	private final PersonalKeys keys;

	Attachments(JdbcClient jdbc, PersonalKeys keys) {
		this.jdbc = jdbc;
		this.keys = keys;
	}

	/** A file as received (from JSON base64 or multipart). */
	record Attachment(String code, String name, String type, @JsonIgnore byte[] content) {

		@JsonProperty("size")
		int size() {
			return content.length;
		}
	}

	/** What is shown of an attachment without opening it. */
	record AttachmentInfo(UUID id, String code, int size) {
	}

	private static byte[] ad(UUID id) {
		return ("selfdata_attachments/" + id).getBytes(StandardCharsets.US_ASCII);
	}

	void insert(UUID requestId, Attachment attachment) {
		UUID id = UUID.randomUUID();
		byte[] name = attachment.name().getBytes(StandardCharsets.UTF_8);
		byte[] type = attachment.type().getBytes(StandardCharsets.UTF_8);
		byte[] plain = ByteBuffer.allocate(8 + name.length + type.length + attachment.content().length)
				.putInt(name.length).put(name).putInt(type.length).put(type).put(attachment.content()).array();
		Sealed sealed = keys.seal(plain, ad(id));
		jdbc.sql("insert into selfdata_attachments (id, request_id, code, size, key_id, sealed) values (?, ?, ?, ?, ?, ?)")
				.params(id, requestId, attachment.code(), attachment.content().length, sealed.keyId(), sealed.bytes())
				.update();
	}

	List<AttachmentInfo> of(UUID requestId) {
		return jdbc.sql("select id, code, size from selfdata_attachments where request_id = ? order by code, id")
				.param(requestId)
				.query((rs, i) -> new AttachmentInfo(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3))).list();
	}

	/** Opens one attachment of a request. */
	java.util.Optional<Attachment> open(UUID requestId, UUID id) {
		return jdbc.sql("select code, key_id, sealed from selfdata_attachments where request_id = ? and id = ?")
				.params(requestId, id).query((rs, i) -> {
					ByteBuffer plain = ByteBuffer.wrap(keys.open(rs.getString(2), rs.getBytes(3), ad(id)));
					byte[] name = new byte[plain.getInt()];
					plain.get(name);
					byte[] type = new byte[plain.getInt()];
					plain.get(type);
					byte[] content = new byte[plain.remaining()];
					plain.get(content);
					return new Attachment(rs.getString(1), new String(name, StandardCharsets.UTF_8),
							new String(type, StandardCharsets.UTF_8), content);
				}).optional();
	}

	/** Deleted once the request is closed (no personal file kept longer than needed). */
	int deleteOf(UUID requestId) {
		return jdbc.sql("delete from selfdata_attachments where request_id = ?").param(requestId).update();
	}

	/** The sealed column, for the rotation. */
	static final SealedColumn SEALED = new SealedColumn("selfdata_attachments", "key_id", "sealed", Attachments::ad);
}
