package org.kerys.access.internal;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The gateway's calls found without scanning every request mapping. Spring MVC finds a handler for a path with
 * variables by testing each of the application's few hundred mappings in turn (method, path, produces…, each test
 * reading the request through the security filters' wrappers): 12 % of Kerys' samples in a profile of the gateway
 * bench (bench/results/gateway-ab-2026-11-30.md).
 * This mapping holds the gateway's own mappings only and is asked first; the application's main mapping still holds
 * them too (OpenAPI and the access matrix read it), and answers everything else.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class GatewayHandlerMapping {

	@Bean
	RequestMappingHandlerMapping gatewayRequestMappings(
			@Qualifier("mvcContentNegotiationManager") ContentNegotiationManager negotiation) {
		RequestMappingHandlerMapping mappings = new RequestMappingHandlerMapping() {
			@Override
			protected boolean isHandler(Class<?> beanType) {
				return GatewayController.class.isAssignableFrom(beanType);
			}
		};
		mappings.setOrder(-1);
		mappings.setContentNegotiationManager(negotiation);
		return mappings;
	}
}
