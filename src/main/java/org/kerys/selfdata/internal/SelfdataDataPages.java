package org.kerys.selfdata.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import jakarta.servlet.http.HttpServletResponse;
import org.kerys.identity.AccessPolicy;
import org.kerys.platform.PageWords;
import org.kerys.platform.PageWords.FieldsSaid;
import org.kerys.platform.PortalPage;
import org.kerys.platform.ProblemException;
import org.kerys.selfdata.internal.Requests.SelfdataRequest;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/**
 * "My data": the datasets a citizen has data from, and for one of them the data itself (gdata as tables, tpbc as a
 * chart and a table, between two dates), its downloads (JSON, CSV: each a recorded read), forgetting the link and
 * asking the producer for erasure or rectification.
 */
@Controller
@PortalPage
class SelfdataDataPages {

	private final SelfdataRequests requests;
	private final SelfdataData data;
	private final AccessPolicy policy;
	private final SelfdataPages pages;
	private final PageWords words;

	SelfdataDataPages(SelfdataRequests requests, SelfdataData data, AccessPolicy policy, SelfdataPages pages,
			MessageSource messages) {
		this.requests = requests;
		this.data = data;
		this.policy = policy;
		this.pages = pages;
		this.words = new PageWords(messages, "selfdata", UnaryOperator.identity(), FieldsSaid.MESSAGES);
	}

	@GetMapping("/selfdata/data")
	String index(Authentication caller, Model model) {
		if (!SelfdataPages.person(caller, policy)) {
			return SelfdataPages.LOGIN;
		}
		Map<UUID, SelfdataPages.RequestRow> links = new LinkedHashMap<>();
		pages.rows(requests.mine(caller, null, 200, 0)).stream().filter(row -> row.request().linked())
				.forEach(row -> links.putIfAbsent(row.request().datasetId(), row));
		model.addAttribute("links", List.copyOf(links.values()));
		model.addAttribute("section", "selfdata");
		return "selfdata/data-index";
	}

	@GetMapping("/selfdata/datasets/{id}/data")
	String show(@PathVariable String id, @RequestParam(name = "min-date", required = false) String min,
			@RequestParam(name = "max-date", required = false) String max, Authentication caller,
			HttpServletResponse response, Model model, Locale locale) {
		if (!SelfdataPages.person(caller, policy)) {
			return SelfdataPages.LOGIN;
		}
		UUID datasetId = SelfdataPages.id(id, "KRS-404-SELFDATA-LINK");
		SelfdataRequest link = data.link(datasetId, caller);
		SelfdataDataset dataset = requests.dataset(datasetId);
		boolean store = "STORE".equals(link.mode());
		model.addAttribute("dataset", dataset);
		model.addAttribute("link", link);
		if (store || dataset.gdata().isPresent()) {
			try {
				model.addAttribute("gdata", PageViews.gdata(data.gdata(datasetId, caller), locale));
			}
			catch (ProblemException e) {
				model.addAttribute("gdataProblem", words.problem(e, locale));
			}
		}
		if (store || dataset.tpbc().isPresent()) {
			model.addAttribute("minDate", min);
			model.addAttribute("maxDate", max);
			Map<String, String> dateErrors = new LinkedHashMap<>();
			LocalDate from = date(min, "min-date", dateErrors, locale);
			LocalDate to = date(max, "max-date", dateErrors, locale);
			if (from != null && to != null && from.isAfter(to)) {
				dateErrors.put("min-date", words.text("selfdata.error.KRS-400-DATES", locale));
			}
			model.addAttribute("dateErrors", dateErrors);
			if (!dateErrors.isEmpty()) {
				response.setStatus(400);
			}
			else {
				try {
					PageViews.Chart chart = PageViews.tpbc(data.tpbc(datasetId, from, to, caller), locale,
							words.text("selfdata.chart.desc", locale));
					model.addAttribute("chart", chart);
					model.addAttribute("chartTitle", "<title id=\"chart-title\">" + HtmlUtils.htmlEscape(
							chart.title().isBlank() ? words.text("selfdata.mydata.tpbc", locale) : chart.title(), "UTF-8") + "</title>");
				}
				catch (ProblemException e) {
					model.addAttribute("tpbcProblem", words.problem(e, locale));
				}
			}
		}
		model.addAttribute("treatment", pages.period(dataset.treatmentPeriod(), locale));
		model.addAttribute("section", "selfdata");
		return "selfdata/data";
	}

	private LocalDate date(String value, String field, Map<String, String> errors, Locale locale) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(value.strip());
		}
		catch (DateTimeParseException e) {
			errors.put(field, words.text("selfdata.error.date", locale));
			return null;
		}
	}

	private static LocalDate date(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(value.strip());
		}
		catch (DateTimeParseException e) {
			throw ProblemException.badRequest("KRS-400-DATES", "min-date and max-date: YYYY-MM-DD.");
		}
	}

	// ---------------------------------------------------------------- downloads (portability)

	@GetMapping("/selfdata/datasets/{id}/{kind:gdata|tpbc}.{format:json|csv}")
	ResponseEntity<byte[]> download(@PathVariable String id, @PathVariable String kind, @PathVariable String format,
			@RequestParam(name = "min-date", required = false) String min,
			@RequestParam(name = "max-date", required = false) String max, Authentication caller, Locale locale) {
		if (!SelfdataPages.person(caller, policy)) {
			return ResponseEntity.status(303).header(HttpHeaders.LOCATION, "/login").build();
		}
		UUID datasetId = SelfdataPages.id(id, "KRS-404-SELFDATA-LINK");
		boolean series = "tpbc".equals(kind);
		JsonNode read = series ? data.tpbc(datasetId, date(min), date(max), caller) : data.gdata(datasetId, caller);
		byte[] body;
		MediaType type;
		if ("csv".equals(format)) {
			body = SelfdataData.csv(read, series, locale).getBytes(StandardCharsets.UTF_8);
			type = new MediaType("text", "csv", StandardCharsets.UTF_8);
		}
		else {
			body = SelfdataRequests.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(read);
			type = MediaType.APPLICATION_JSON;
		}
		return ResponseEntity.ok().contentType(type).header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition
				.attachment().filename("selfdata-" + datasetId + "-" + kind + "." + format).build().toString())
				.header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
	}

	// ---------------------------------------------------------------- forget, erasure, rectification

	@PostMapping("/selfdata/datasets/{id}/forget")
	String forget(@PathVariable String id, Authentication caller, RedirectAttributes redirect, Locale locale) {
		if (!SelfdataPages.person(caller, policy)) {
			return SelfdataPages.LOGIN;
		}
		UUID datasetId = SelfdataPages.id(id, "KRS-404-SELFDATA-LINK");
		data.forget(datasetId, caller);
		words.notice(redirect, "selfdata.notice.forgotten", locale);
		return "redirect:/selfdata/data";
	}

	@PostMapping("/selfdata/datasets/{id}/{kind:erasure|rectification}")
	String ask(@PathVariable String id, @PathVariable String kind, @RequestParam(required = false) String message,
			Authentication caller, RedirectAttributes redirect, Locale locale) {
		if (!SelfdataPages.person(caller, policy)) {
			return SelfdataPages.LOGIN;
		}
		UUID datasetId = SelfdataPages.id(id, "KRS-404-SELFDATA-LINK");
		try {
			Tasks.Task task = data.ask(datasetId, "erasure".equals(kind) ? Tasks.ERASURE : Tasks.RECTIFICATION, message,
					caller);
			words.notice(redirect, "selfdata.notice." + kind, locale, task.dueAt().toLocalDate());
		}
		catch (ProblemException e) {
			if (e.status().value() == 404) {
				throw e;
			}
			words.problem(redirect, e, locale);
		}
		return "redirect:/selfdata/datasets/" + datasetId + "/data";
	}
}
