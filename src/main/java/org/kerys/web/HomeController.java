package org.kerys.web;

import org.kerys.platform.PortalPage;
import java.util.Locale;

import org.kerys.catalog.Catalog;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page: what Kerys is, how much it holds, and what changed last. */
@Controller
@PortalPage
class HomeController {

	static final int LATEST = 6;

	private final Catalog catalog;

	HomeController(Catalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/")
	String home(Model model, Locale locale) {
		model.addAttribute("section", "home");
		model.addAttribute("datasetCount", catalog.datasetCount());
		model.addAttribute("producerCount", catalog.producerCount());
		model.addAttribute("latest",
				catalog.datasets(0, LATEST, locale).items().stream().map(d -> Card.of(d, catalog, locale)).toList());
		return "home";
	}
}
