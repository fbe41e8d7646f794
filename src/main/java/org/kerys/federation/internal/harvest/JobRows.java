package org.kerys.federation.internal.harvest;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Harvest jobs as the administration pages list them (the node page, the source page, the job page). */
public final class JobRows {

	private JobRows() {
	}

	/** A job, its dates written out for the page's language. */
	public record JobRow(UUID id, String status, String started, String finished, HarvestJob.Counts counts, int pages,
			int errorCount, String reason, boolean full, String trigger) {
	}

	public static List<JobRow> of(List<HarvestJob> jobs, Locale locale) {
		return jobs.stream().map(j -> new JobRow(j.id(), j.status(), format(j.startedAt(), locale),
				format(j.finishedAt(), locale), j.counts(), j.pages(), j.errorCount(), j.reason(), j.full(),
				j.trigger())).toList();
	}

	static String format(OffsetDateTime time, Locale locale) {
		return time == null ? null
				: DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
						.format(time.atZoneSameInstant(ZoneOffset.UTC)) + " UTC";
	}
}
