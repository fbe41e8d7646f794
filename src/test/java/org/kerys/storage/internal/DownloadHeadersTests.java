package org.kerys.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Parsing of {@code Range} and the writing of {@code Content-Disposition}, case by case. */
class DownloadHeadersTests {

	@Test
	void shouldReadOneByteRange() {
		assertThat(ByteRange.of(null, 100)).isNull();
		assertThat(ByteRange.of("bytes=0-9", 100)).isEqualTo(new ByteRange(0, 9));
		assertThat(ByteRange.of("bytes=90-", 100)).isEqualTo(new ByteRange(90, 99));
		assertThat(ByteRange.of("bytes=90-1000", 100)).isEqualTo(new ByteRange(90, 99));
		assertThat(ByteRange.of("bytes=-10", 100)).isEqualTo(new ByteRange(90, 99));
		assertThat(ByteRange.of("bytes=-1000", 100)).isEqualTo(new ByteRange(0, 99));
		assertThat(ByteRange.of("bytes=0-99999999999999999999999", 100)).isEqualTo(new ByteRange(0, 99));
		assertThat(ByteRange.of("bytes=100-", 100)).isSameAs(ByteRange.UNSATISFIABLE);
		assertThat(ByteRange.of("bytes=-0", 100)).isSameAs(ByteRange.UNSATISFIABLE);
		assertThat(ByteRange.of("bytes=0-", 0)).isSameAs(ByteRange.UNSATISFIABLE);
		// Not served as ranges (the RFC lets a server ignore them): the whole file goes.
		assertThat(ByteRange.of("bytes=0-1,5-6", 100)).isNull();
		assertThat(ByteRange.of("bytes=9-1", 100)).isNull();
		assertThat(ByteRange.of("items=0-1", 100)).isNull();
		assertThat(ByteRange.of("bytes=-", 100)).isNull();
		assertThat(ByteRange.of("bytes=a-b", 100)).isNull();
	}

	@Test
	void shouldWriteSafeAttachmentNames() {
		String fallback = "7f1c1a3e-0000-0000-0000-000000000000";
		assertThat(DownloadNames.attachment("data.csv", fallback)).isEqualTo("attachment; filename=\"data.csv\"");
		assertThat(DownloadNames.attachment("../../etc/passwd", fallback)).isEqualTo("attachment; filename=\"passwd\"");
		assertThat(DownloadNames.attachment("C:\\temp\\a.csv", fallback)).isEqualTo("attachment; filename=\"a.csv\"");
		assertThat(DownloadNames.attachment("a\"b\r\nSet-Cookie: x.csv", fallback))
				.isEqualTo("attachment; filename=\"a_bSet-Cookie: x.csv\"; filename*=UTF-8''a%22bSet-Cookie%3A%20x.csv");
		assertThat(DownloadNames.attachment("Données été.csv", fallback)).isEqualTo(
				"attachment; filename=\"Donn_es _t_.csv\"; filename*=UTF-8''Donn%C3%A9es%20%C3%A9t%C3%A9.csv");
		assertThat(DownloadNames.attachment(".hidden", fallback)).isEqualTo("attachment; filename=\"hidden\"");
		assertThat(DownloadNames.attachment(null, fallback)).isEqualTo("attachment; filename=\"" + fallback + "\"");
		assertThat(DownloadNames.attachment(" / ", fallback)).isEqualTo("attachment; filename=\"" + fallback + "\"");
	}
}
