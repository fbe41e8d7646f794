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
	private final Projects projects;
	private final ShowcaseReuses showcase;
	private final Catalog catalog;

	ReusePages(ProjectsController projectsApi, Projects projects, ShowcaseReuses showcase, Catalog catalog) {
		this.projectsApi = projectsApi;
		this.projects = projects;
		this.showcase = showcase;
		this.catalog = catalog;
	}

	@GetMapping("/reuses/{id}")
	String reuse(@PathVariable String id, Model model) {
		ProjectsController.Reuse reuse = projectsApi.reuse(id);
		model.addAttribute("reuse", reuse);
		model.addAttribute("owner", projects.find(reuse.id()).map(showcase::ownerOf).orElse(null));
		model.addAttribute("themeLabels", catalog.vocabulary("theme").stream()
				.collect(Collectors.toMap(VocabularyTerm::code, t -> t, (a, b) -> a)));
		model.addAttribute("section", "reuses");
		return "access/reuse";
	}
}
