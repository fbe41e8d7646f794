package org.kerys.identity.internal;

import org.kerys.platform.PortalPage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.kerys.identity.AccessPolicy;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page. The form posts to {@code /login}, where Spring Security checks it ({@code SecurityConfiguration});
 * a failure comes back here with {@code ?error}. A wrong password and an unknown account get the same words; only
 * the right password of an account whose address is not verified yet is told so.
 */
@Controller
@PortalPage
class LoginPageController {

	private final AccessPolicy policy;

	LoginPageController(AccessPolicy policy) {
		this.policy = policy;
	}

	@GetMapping("/login")
	String login(@RequestParam(required = false) String error, HttpServletRequest request, Model model) {
		if (error == null && policy.isAccount(AccessPolicy.caller())) {
			return "redirect:/account";
		}
		if (error != null) {
			HttpSession session = request.getSession(false);
			Object failure = session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
			model.addAttribute("loginError", failure instanceof DisabledException ? "unverified" : "credentials");
			if (session != null && failure instanceof AuthenticationException) {
				session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
			}
		}
		model.addAttribute("section", "login");
		return "account/login";
	}
}
