package org.kerys.selfdata.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.catalog.Catalog;
import org.kerys.identity.AccessPolicy;
import org.kerys.platform.PageWords;
import org.kerys.platform.PageWords.FieldsSaid;
import org.kerys.platform.PortalPage;
import org.kerys.platform.ProblemException;
import org.kerys.selfdata.internal.Requests.SelfdataRequest;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The citizen's self-data pages, without JavaScript: the request form generated from a dataset's matching data (with
 * what is done with the values), "My requests" (status, history, cancel, submit again after a rejection) and "Who
 * accessed my data". Their data is {@link SelfdataDataPages}'. Rules are the services' ({@link SelfdataRules}).
 */
@Controller
@PortalPage
class SelfdataPages {

	static final String LOGIN = "redirect:/login";

	private final SelfdataRequests requests;
	private final SelfdataData data;
	private final Matching matching;
	private final SelfdataLimits limits;
	private final AccessPolicy policy;
	private final Catalog catalog;
	private final PageWords words;

	SelfdataPages(SelfdataRequests requests, SelfdataData data, Matching matching, SelfdataLimits limits,
			AccessPolicy policy, Catalog catalog, MessageSource messages) {
		this.requests = requests;
		this.data = data;
		this.matching = matching;
		this.limits = limits;
		this.policy = policy;
		this.catalog = catalog;
		this.words = new PageWords(messages, "selfdata", UnaryOperator.identity(), FieldsSaid.MESSAGES);
	}

	/** Whether a person is signed in (the pages send anyone else to the login page). */
	static boolean person(Authentication caller, AccessPolicy policy) {
		return caller != null && caller.isAuthenticated() && policy.isAccount(caller);
	}

	static UUID id(String value, String code) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException e) {
			throw ProblemException.notFound(code, "No such page.");
		}
	}

	// ---------------------------------------------------------------- the form

	@GetMapping("/selfdata/datasets/{id}/request")
	String form(@PathVariable String id, Authentication caller, Model model, Locale locale) {
		if (!person(caller, policy)) {
			return LOGIN;
		}
		SelfdataDataset dataset = requests.dataset(id(id, "ERR-104"));
		requests.mine(caller, dataset.id(), 1, 0).stream().filter(SelfdataRequest::open).findFirst()
				.ifPresent(open -> model.addAttribute("openRequest", open));
		return form(dataset, null, Map.of(), Map.of(), model, locale);
	}

	private String form(SelfdataDataset dataset, UUID resubmitOf, Map<String, String> values,
			Map<String, String> errors, Model model, Locale locale) {
		model.addAttribute("dataset", dataset);
		model.addAttribute("fields", PageViews.form(dataset, values, errors, locale));
		model.addAttribute("errors", errors);
		model.addAttribute("multipart", dataset.moderated());
		model.addAttribute("resubmitOf", resubmitOf);
		model.addAttribute("action", resubmitOf != null ? "/selfdata/requests/" + resubmitOf + "/resubmit"
				: "/selfdata/datasets/" + dataset.id() + "/request");
		model.addAttribute("statement", statement(dataset, locale));
		model.addAttribute("section", "selfdata");
		return "selfdata/request-form";
	}

	/** What is done with the values, in plain words, from the dataset's metadata and the way it is matched. */
	private List<String> statement(SelfdataDataset dataset, Locale locale) {
		List<String> lines = new ArrayList<>();
		lines.add(words.text("selfdata.statement.sealed", locale));
		String mode = dataset.out() ? "OUT" : matching.source(dataset).map(SubjectSource::mode).orElse(null);
		if (mode != null) {
			lines.add(words.text("selfdata.statement.mode." + mode, locale));
		}
		if (dataset.moderated()) {
			lines.add(words.text("selfdata.statement.files", locale));
		}
		lines.add(words.text("selfdata.statement.treatment", locale, period(dataset.treatmentPeriod(), locale)));
		lines.add(words.text("selfdata.statement.storage", locale, period(dataset.storagePeriod(), locale)));
		lines.add(words.text(dataset.deletable() ? "selfdata.statement.deletable" : "selfdata.statement.kept", locale,
				String.join(" ; ", dataset.deletionReasons())));
		lines.add(words.text("selfdata.statement.accesses", locale));
		return lines;
	}

	String period(SelfdataDataset.Period period, Locale locale) {
		return words.text("selfdata.period." + period.unit(), locale, period.value());
	}

	@PostMapping("/selfdata/datasets/{id}/request")
	String submit(@PathVariable String id, HttpServletRequest request, HttpServletResponse response,
			Authentication caller, Model model, Locale locale) throws IOException {
		if (!person(caller, policy)) {
			return LOGIN;
		}
		SelfdataDataset dataset = requests.dataset(id(id, "ERR-104"));
		PageForms.Posted posted = PageForms.read(request, limits.settings().maxAttachmentSize().toBytes());
		try {
			SelfdataRequest created = requests.submit(
					new SelfdataRequests.Submission(dataset.id(), posted.matching(), posted.files()), caller);
			return "redirect:/selfdata/requests/" + created.id() + "?submitted";
		}
		catch (ProblemException e) {
			return refused(e, dataset, null, posted, response, model, locale);
		}
	}

	/** The form again, with the values typed (never the files) and each error at its field. */
	private String refused(ProblemException e, SelfdataDataset dataset, UUID resubmitOf, PageForms.Posted posted,
			HttpServletResponse response, Model model, Locale locale) {
		if (e.status().value() == 401 || e.status().value() == 403) {
			throw e;
		}
		response.setStatus(e.status().value());
		model.addAttribute("problem", words.problem(e, locale));
		if ("KRS-409-SELFDATA-OPEN".equals(e.code())) {
			requests.mine(AccessPolicy.caller(), dataset.id(), 1, 0).stream().filter(SelfdataRequest::open).findFirst()
					.ifPresent(open -> model.addAttribute("openRequest", open));
		}
		return form(dataset, resubmitOf, posted.matching(), words.fieldErrors(e, locale), model, locale);
	}

	// ---------------------------------------------------------------- my requests

	/** A request as listed: with its dataset's title. */
	record RequestRow(SelfdataRequest request, String datasetTitle) {
	}

	@GetMapping("/selfdata/requests")
	String mine(Authentication caller, Model model) {
		if (!person(caller, policy)) {
			return LOGIN;
		}
		model.addAttribute("requests", rows(requests.mine(caller, null, 200, 0)));
		model.addAttribute("section", "selfdata");
		return "selfdata/requests";
	}

	List<RequestRow> rows(List<SelfdataRequest> list) {
		Map<UUID, String> titles = new LinkedHashMap<>();
		return list.stream().map(r -> new RequestRow(r, title(r.datasetId(), titles))).toList();
	}

	String title(UUID dataset, Map<UUID, String> cache) {
		return cache.computeIfAbsent(dataset, d -> catalog.dataset(d)
				.map(record -> record.metadata().path("resource_title").asString(d.toString())).orElse(d.toString()));
	}

	@GetMapping("/selfdata/requests/{id}")
	String request(@PathVariable String id, Authentication caller, Model model) {
		if (!person(caller, policy)) {
			return LOGIN;
		}
		SelfdataRequests.RequestView view = requests.get(id(id, SelfdataRules.NOT_FOUND), caller);
		model.addAttribute("view", view);
		model.addAttribute("open", view.request().open());
		model.addAttribute("linked", view.request().linked());
		model.addAttribute("section", "selfdata");
		return "selfdata/request";
	}

	@PostMapping("/selfdata/requests/{id}/cancel")
	String cancel(@PathVariable String id, @RequestParam(required = false) String message, Authentication caller,
			RedirectAttributes redirect, Locale locale) {
		if (!person(caller, policy)) {
			return LOGIN;
		}
		UUID request = id(id, SelfdataRules.NOT_FOUND);
		try {
			requests.cancel(request, message, caller);
			words.notice(redirect, "selfdata.notice.cancelled", locale);
		}
		catch (ProblemException e) {
			if (e.status().value() == 404) {
				throw e;
			}
			words.problem(redirect, e, locale);
		}
		return "redirect:/selfdata/requests/" + request;
	}

	@GetMapping("/selfdata/requests/{id}/resubmit")
	String resubmitForm(@PathVariable String id, Authentication caller, Model model, Locale locale) {
		if (!person(caller, policy)) {
			return LOGIN;
		}
		SelfdataRequest request = requests.get(id(id, SelfdataRules.NOT_FOUND), caller).request();
		return form(requests.dataset(request.datasetId()), request.id(), Map.of(), Map.of(), model, locale);
	}

	@PostMapping("/selfdata/requests/{id}/resubmit")
	String resubmit(@PathVariable String id, HttpServletRequest request, HttpServletResponse response,
			Authentication caller, Model model, Locale locale) throws IOException {
		if (!person(caller, policy)) {
			return LOGIN;
		}
		SelfdataRequest rejected = requests.get(id(id, SelfdataRules.NOT_FOUND), caller).request();
		SelfdataDataset dataset = requests.dataset(rejected.datasetId());
		PageForms.Posted posted = PageForms.read(request, limits.settings().maxAttachmentSize().toBytes());
		try {
			requests.resubmit(rejected.id(),
					new SelfdataRequests.Submission(dataset.id(), posted.matching(), posted.files()), caller);
			return "redirect:/selfdata/requests/" + rejected.id() + "?submitted";
		}
		catch (ProblemException e) {
			return refused(e, dataset, rejected.id(), posted, response, model, locale);
		}
	}

	// ---------------------------------------------------------------- who accessed my data

	/** An access as listed: with its dataset's title. */
	record AccessRow(Accesses.Access access, String datasetTitle) {
	}

	@GetMapping("/selfdata/accesses")
	String accesses(@RequestParam(defaultValue = "0") int page, Authentication caller, Model model) {
		if (!person(caller, policy)) {
			return LOGIN;
		}
		int size = 100;
		int shown = Math.max(0, page);
		List<Accesses.Access> list = data.accesses(caller, size + 1, shown * size);
		Map<UUID, String> titles = new LinkedHashMap<>();
		model.addAttribute("accesses", list.stream().limit(size)
				.map(a -> new AccessRow(a, a.datasetId() == null ? "" : title(a.datasetId(), titles))).toList());
		model.addAttribute("page", shown);
		model.addAttribute("more", list.size() > size);
		model.addAttribute("section", "selfdata");
		return "selfdata/accesses";
	}
}
