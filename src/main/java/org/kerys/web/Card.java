package org.kerys.web;

import java.util.Locale;
import java.util.UUID;

import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetSummary;

/** A dataset in a list (home, dataset list): what a person needs to decide whether to open it. */
record Card(UUID globalId, String title, String synopsis, String producer, String theme, AccessRegime regime,
		When updated) {

	static Card of(DatasetSummary dataset, Catalog catalog, Locale locale) {
		String theme = dataset.theme() == null ? null : catalog.label("theme", dataset.theme(), locale);
		return new Card(dataset.globalId(), dataset.title(), dataset.synopsis(), dataset.producerName(), theme,
				dataset.regime(), When.of(dataset.updated(), locale));
	}
}
