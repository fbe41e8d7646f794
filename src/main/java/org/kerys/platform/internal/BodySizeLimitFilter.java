package org.kerys.platform.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.platform.KerysProperties;
import org.kerys.platform.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the size of JSON request bodies ({@code KERYS_JSON_MAX_SIZE}) so that an oversized body is refused with
 * 413 before it is parsed into memory. Bulk imports (spooled to disk) and media uploads (streamed) have their
 * own limits and are not counted here.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimitFilter extends OncePerRequestFilter {

	private final long max;

	BodySizeLimitFilter(KerysProperties properties) {
		this.max = properties.jsonMaxSize().toBytes();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String type = request.getContentType();
		String path = request.getRequestURI();
		return type == null || !type.toLowerCase().contains("json") || path.startsWith("/api/v1/media/")
				|| path.equals("/api/v1/resources/import");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > max) {
			tooLarge(response);
			return;
		}
		chain.doFilter(new CappedRequest(request, max), response);
	}

	private void tooLarge(HttpServletResponse response) throws IOException {
		Problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "KRS-413", "The JSON body is larger than " + max + " bytes.");
	}

	/** Thrown when a body without a declared length grows past the limit. */
	static final class BodyTooLargeException extends IOException {

		BodyTooLargeException(long max) {
			super("The JSON body is larger than " + max + " bytes.");
		}
	}

	private static final class CappedRequest extends HttpServletRequestWrapper {

		private final long max;

		CappedRequest(HttpServletRequest request, long max) {
			super(request);
			this.max = max;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			ServletInputStream in = super.getInputStream();
			return new ServletInputStream() {
				private long read;

				@Override
				public int read() throws IOException {
					int b = in.read();
					if (b >= 0) {
						count(1);
					}
					return b;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int n = in.read(buffer, offset, length);
					if (n > 0) {
						count(n);
					}
					return n;
				}

				private void count(int n) throws IOException {
					read += n;
					if (read > max) {
						throw new BodyTooLargeException(max);
					}
				}

				@Override
				public boolean isFinished() {
					return in.isFinished();
				}

				@Override
				public boolean isReady() {
					return in.isReady();
				}

				@Override
				public void setReadListener(ReadListener listener) {
					in.setReadListener(listener);
				}
			};
		}
	}
}
