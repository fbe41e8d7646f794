package org.kerys.access.internal;

import java.util.stream.Collectors;

import org.kerys.catalog.Catalog;
import org.kerys.catalog.VocabularyTerm;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The page of one reuse of the showcase ({@code /reuses/{id}}): what the project is, who runs it, and the datasets it
 * uses. Anyone; a project that is not shown (private, awaiting moderation, refused) answers the not-found page, as
 * {@code GET /api/reuses/{id}} answers 404.
 */
@Controller
class ReusePages {

	private final ProjectsController projectsApi;
	private final ShowcaseReuses showcase;
	private final Catalog catalog;

	ReusePages(ProjectsController projectsApi, ShowcaseReuses showcase, Catalog catalog) {
		this.projectsApi = projectsApi;
		this.showcase = showcase;
		this.catalog = catalog;
	}

	@GetMapping("/reuses/{id}")
	String reuse(@PathVariable String id, Model model) {
		Project project = projectsApi.shown(id);
		model.addAttribute("reuse", projectsApi.reuseOf(project));
		model.addAttribute("owner", showcase.ownerOf(project));
		model.addAttribute("themeLabels", catalog.vocabulary("theme").stream()
				.collect(Collectors.toMap(VocabularyTerm::code, t -> t, (a, b) -> a)));
		model.addAttribute("section", "reuses");
		return "access/reuse";
	}
}
