package org.kerys.web;

import org.kerys.platform.ProblemException;
import org.kerys.platform.PortalPage;
import org.kerys.platform.LanguageLinks;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every portal page shares, in every module: the language links of the layout, and failures answered as an
 * HTML page. Limited to controllers marked {@link PortalPage} and ordered before the platform's JSON problem handler,
 * so that a person never sees a JSON problem where they expected a page, and an API client never gets HTML.
 */
@ControllerAdvice(annotations = PortalPage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortalAdvice {

	private static final Logger log = LoggerFactory.getLogger(PortalAdvice.class);

	/** The current page in French and in English: the language switch keeps the page and its parameters. */
	@ModelAttribute("languageLinks")
	LanguageLinks languageLinks(HttpServletRequest request) {
		return LanguageLinks.of(request);
	}

	@ExceptionHandler(PageNotFoundException.class)
	ModelAndView notFound(HttpServletRequest request) {
		return page(HttpStatus.NOT_FOUND, request);
	}

	/** A refusal or a missing resource of a page (a right, an organisation): the page of its status. */
	@ExceptionHandler(ProblemException.class)
	ModelAndView problem(ProblemException e, HttpServletRequest request) {
		return page(e.status(), request);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ModelAndView badParameter(HttpServletRequest request) {
		return page(HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(AsyncRequestNotUsableException.class)
	void clientGone() {
		// The browser went away while we wrote the page: nobody is left to answer.
	}

	@ExceptionHandler(Exception.class)
	ModelAndView unexpected(Exception e, HttpServletRequest request) {
		if (e instanceof ErrorResponse framework && framework.getStatusCode().is4xxClientError()) {
			return page(framework.getStatusCode(), request);
		}
		log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
		return page(HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	private ModelAndView page(HttpStatusCode status, HttpServletRequest request) {
		ModelAndView page = new ModelAndView("error", status);
		page.addObject("status", status.value());
		page.addObject("languageLinks", languageLinks(request));
		// the header's "My account": model attributes of other advices are not added to an exception's page
		page.addObject("signedIn", request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName());
		return page;
	}

}
