package org.kerys.web;

import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.platform.PortalPage;
import org.kerys.platform.ProblemException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The search page: words, facets, sort and paging, all plain links and one GET form, so that it works without
 * JavaScript; htmx, when it runs, swaps only the results region. A malformed parameter (a bbox, a date, a cursor)
 * gets this page back with an explanation and status 400, never an error of the service.
 */
@Controller
@PortalPage
class SearchPageController {

	private final SearchPages pages;

	SearchPageController(SearchPages pages) {
		this.pages = pages;
	}

	@GetMapping("/search")
	String search(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
		SearchLinks links = SearchLinks.of("/search", request.getParameterMap());
		model.addAttribute("section", "datasets");
		model.addAttribute("searchPage", true);
		model.addAttribute("htmx", true);
		model.addAttribute("q", links.first("q"));
		try {
			model.addAttribute("result", pages.run(links, Map.of(), locale));
		}
		catch (ProblemException refused) {
			if (!refused.status().is4xxClientError()) {
				throw refused;
			}
			response.setStatus(refused.status().value());
			model.addAttribute("problem", pages.problem(refused.code(), refused.getMessage(), locale));
			// the same words without the parameters: a way out of the refused search
			String q = links.first("q");
			model.addAttribute("startOver",
					SearchLinks.of("/search", q == null ? Map.of() : Map.of("q", new String[] { q })).href());
		}
		return "search";
	}
}
