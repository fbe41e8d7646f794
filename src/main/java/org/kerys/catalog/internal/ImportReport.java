package org.kerys.catalog.internal;

import java.util.List;

/** The answer to a bulk import: counts, and what became of every record (in input order). */
record ImportReport(long total, long created, long updated, long rejected, long warnings, double seconds,
		List<RecordOutcome> records) {
}
