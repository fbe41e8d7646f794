package org.kerys.web;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.ProducerSummary;
import org.kerys.platform.PortalPage;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The producers: every organisation that publishes datasets, and the page of one with its datasets (a search
 * restricted to that producer, so its words, facets, sort and paging work as on the search page).
 */
@Controller
@PortalPage
class ProducersController {

	private final Catalog catalog;

	private final SearchPages pages;

	ProducersController(Catalog catalog, SearchPages pages) {
		this.catalog = catalog;
		this.pages = pages;
	}

	@GetMapping("/producers")
	String producers(Model model, Locale locale) {
		java.text.Collator collator = java.text.Collator.getInstance(locale);
		collator.setStrength(java.text.Collator.PRIMARY);
		List<ProducerSummary> producers = catalog.producers().stream()
				.filter(p -> p.datasets() > 0)
				.sorted(Comparator.comparing(ProducerSummary::name, collator))
				.toList();
		model.addAttribute("section", "producers");
		model.addAttribute("producers", producers);
		return "producers";
	}

	@GetMapping("/producers/{id}")
	String producer(@PathVariable String id, HttpServletRequest request, Model model, Locale locale) {
		UUID uuid = DatasetsController.uuid(id).orElseThrow(PageNotFoundException::new);
		ProducerSummary producer = pages.producer(uuid, locale).orElseThrow(PageNotFoundException::new);
		// the producer is the page's own filter: a "producer" parameter in the address is not another one
		SearchLinks links = SearchLinks.of("/producers/" + uuid, request.getParameterMap())
				.without(List.of("producer", "cursor"));
		String cursor = request.getParameter("cursor");
		if (cursor != null && !cursor.isBlank()) {
			links = links.with("cursor", cursor);
		}
		model.addAttribute("section", "producers");
		model.addAttribute("producer", producer);
		model.addAttribute("htmx", true);
		model.addAttribute("q", links.first("q"));
		model.addAttribute("result", pages.run(links, Map.of("producer", uuid.toString()), locale));
		return "producer";
	}
}
