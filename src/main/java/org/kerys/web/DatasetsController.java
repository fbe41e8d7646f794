package org.kerys.web;

import org.kerys.platform.KerysProperties;
import org.kerys.platform.PortalPage;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.kerys.access.DatasetReuses;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetSummary;
import org.kerys.catalog.Page;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The dataset list, page by page, and the page of one dataset. */
@Controller
@PortalPage
class DatasetsController {

	static final int PAGE_SIZE = 20;

	/** How many public reuses a dataset's page lists; the showcase has them all. */
	static final int REUSES_SHOWN = 10;

	private final Catalog catalog;

	private final Formats formats;

	private final KerysProperties properties;

	private final String mapTiles;

	private final String mapAttribution;

	private final DatasetReuses reuses;

	DatasetsController(Catalog catalog, Formats formats, KerysProperties properties, DatasetReuses reuses,
			@Value("${kerys.portal.map-tiles-url:" + DEFAULT_TILES + "}") String mapTiles,
			@Value("${kerys.portal.map-attribution:" + DEFAULT_ATTRIBUTION + "}") String mapAttribution) {
		this.catalog = catalog;
		this.formats = formats;
		this.properties = properties;
		this.mapTiles = mapTiles;
		this.mapAttribution = mapAttribution;
		this.reuses = reuses;
	}

	/** OpenStreetMap's own tiles; an operator with heavy traffic should set another server (their usage policy). */
	static final String DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

	static final String DEFAULT_ATTRIBUTION = "© OpenStreetMap contributors";

	@GetMapping("/datasets")
	String list(@RequestParam(defaultValue = "1") int page, Model model, Locale locale) {
		long total = catalog.datasetCount();
		long pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
		if (page < 1 || page > pages) {
			throw new PageNotFoundException();
		}
		Page<DatasetSummary> datasets = catalog.datasets((page - 1) * PAGE_SIZE, PAGE_SIZE, locale);
		model.addAttribute("section", "datasets");
		model.addAttribute("total", datasets.total());
		model.addAttribute("page", page);
		// the count may have moved between the two queries: the page's own total is the one shown
		model.addAttribute("pages", Math.max(1, (datasets.total() + PAGE_SIZE - 1) / PAGE_SIZE));
		model.addAttribute("hasPrevious", datasets.hasPrevious());
		model.addAttribute("hasNext", datasets.hasNext());
		model.addAttribute("datasets", datasets.items().stream().map(d -> Card.of(d, catalog, locale)).toList());
		return "datasets";
	}

	@GetMapping("/datasets/{id}")
	String dataset(@PathVariable String id, Model model, Locale locale, HttpServletRequest request) {
		DatasetView dataset = uuid(id).flatMap(catalog::dataset)
				.map(found -> DatasetView.of(found, catalog, formats, locale))
				.orElseThrow(PageNotFoundException::new);
		model.addAttribute("section", "datasets");
		model.addAttribute("dataset", dataset);
		model.addAttribute("scripts", true); // the copy buttons of the API examples
		model.addAttribute("mapPage", dataset.geography() != null && dataset.geography().bbox() != null);
		model.addAttribute("mapTiles", mapTiles.isBlank() ? null : mapTiles);
		model.addAttribute("mapAttribution", mapAttribution);
		model.addAttribute("reuses", reuses.of(dataset.globalId(), REUSES_SHOWN));
		String base = properties.baseUrl().isEmpty()
				? ServletUriComponentsBuilder.fromContextPath(request).build().toUriString() : properties.baseUrl();
		model.addAttribute("apiBase", base);
		// the "use it from the API" example downloads the first file Kerys can give a plain link to
		dataset.media().stream().filter(m -> m.file() && m.url() != null).findFirst()
				.ifPresent(m -> model.addAttribute("apiMedia", m.url().startsWith("/") ? base + m.url() : m.url()));
		return "dataset";
	}

	// A malformed id names no dataset: that is a "not found" for a person, not a technical error.
	static Optional<UUID> uuid(String id) {
		try {
			UUID uuid = UUID.fromString(id);
			// UUID.fromString accepts short forms such as "1-2-3-4-5": only the canonical form names a dataset
			return uuid.toString().equalsIgnoreCase(id) ? Optional.of(uuid) : Optional.empty();
		}
		catch (IllegalArgumentException malformed) {
			return Optional.empty();
		}
	}
}
