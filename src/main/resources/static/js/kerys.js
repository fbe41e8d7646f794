/* Kerys portal: small improvements over pages that work without JavaScript.
   - the map of a dataset's extent (Leaflet), when the page has one;
   - copy buttons on the API examples;
   - on the search page (htmx): keep the keyboard focus and announce the new count after a swap,
     and fold the facets on narrow screens. */
(function () {
	'use strict';

	function drawMap() {
		var box = document.getElementById('map');
		if (!box || !window.L) {
			return;
		}
		var parts = (box.getAttribute('data-bbox') || '').split(',').map(Number);
		if (parts.length !== 4 || parts.some(isNaN)) {
			return;
		}
		var west = parts[0], south = parts[1], east = parts[2], north = parts[3];
		box.hidden = false;
		var map = L.map(box, {
			scrollWheelZoom: false, // a page scrolls past the map instead of being caught in it
			zoomControl: false,
			attributionControl: true
		});
		L.control.zoom({
			zoomInTitle: box.getAttribute('data-zoom-in') || 'Zoom in',
			zoomOutTitle: box.getAttribute('data-zoom-out') || 'Zoom out'
		}).addTo(map);
		map.attributionControl.setPrefix(false);
		var tiles = box.getAttribute('data-tiles');
		if (tiles) {
			L.tileLayer(tiles, { maxZoom: 18, attribution: box.getAttribute('data-attribution') || '' }).addTo(map);
		}
		var bounds = L.latLngBounds([south, west], [north, east]);
		if (west === east && south === north) {
			L.circleMarker([south, west], { radius: 8, color: '#1f4e8c', weight: 3 }).addTo(map);
			map.setView([south, west], 13);
		} else {
			L.rectangle(bounds, { color: '#1f4e8c', weight: 3, fillOpacity: 0.15 }).addTo(map);
			map.fitBounds(bounds, { padding: [16, 16], maxZoom: 15 });
		}
		// Leaflet decorates the icons of its controls: nothing to read for assistive technologies.
		Array.prototype.forEach.call(box.querySelectorAll('.leaflet-control-zoom a span'), function (span) {
			span.setAttribute('aria-hidden', 'true');
		});
	}

	function copyButtons() {
		var section = document.getElementById('api-snippet');
		if (!section || !navigator.clipboard) {
			return;
		}
		var label = section.getAttribute('data-copy') || 'Copy';
		var done = section.getAttribute('data-copied') || 'Copied';
		Array.prototype.forEach.call(section.querySelectorAll('.snippet-block'), function (block) {
			var code = block.querySelector('code');
			var button = document.createElement('button');
			button.type = 'button';
			button.className = 'button button-small copy-button';
			button.textContent = label;
			var status = document.createElement('span');
			status.className = 'copy-status';
			status.setAttribute('role', 'status');
			button.addEventListener('click', function () {
				navigator.clipboard.writeText(code.textContent).then(function () {
					status.textContent = done;
					setTimeout(function () { status.textContent = ''; }, 2500);
				});
			});
			block.appendChild(button);
			block.appendChild(status);
		});
	}

	function foldFacetsOnSmallScreens(root) {
		var toggle = (root || document).querySelector('.facets-toggle');
		if (toggle && window.matchMedia && window.matchMedia('(max-width: 50rem)').matches
				&& !toggle.querySelector('a.facet-value.active')) {
			toggle.open = false;
		}
	}

	function searchEnhancements() {
		if (!document.getElementById('search-results')) {
			return;
		}
		foldFacetsOnSmallScreens();
		var focused = null;
		var paging = false;
		document.body.addEventListener('htmx:beforeRequest', function (event) {
			var source = event.detail.elt;
			focused = source && source.classList && source.classList.contains('facet-value')
				? { dimension: source.getAttribute('data-dimension'), value: source.getAttribute('data-value') }
				: null;
			// another page of results: the reader goes back to the top of the list
			paging = !!source && (source.id === 'next-page' || source.id === 'first-page');
		});
		document.body.addEventListener('htmx:afterSettle', function () {
			var count = document.getElementById('result-count');
			var status = document.getElementById('search-status');
			if (status && count) {
				status.textContent = count.textContent.replace(/\s+/g, ' ').trim();
			}
			var target = null;
			if (focused) {
				var links = document.querySelectorAll('#facets a.facet-value');
				for (var i = 0; i < links.length; i++) {
					if (links[i].getAttribute('data-dimension') === focused.dimension
							&& links[i].getAttribute('data-value') === focused.value) {
						target = links[i];
						break;
					}
				}
			}
			if (!target && (paging || document.activeElement === document.body)) {
				target = count;
			}
			if (target) {
				target.focus();
			}
		});
	}

	/** Titles proposed while typing in the search page's box, in the browser's own accessible list. */
	function suggestions() {
		var input = document.getElementById('search-q');
		var list = document.getElementById('search-suggestions');
		var address = input && input.getAttribute('data-suggest');
		if (!input || !list || !address || !window.fetch) {
			return;
		}
		var timer = null;
		var asked = '';
		input.addEventListener('input', function () {
			clearTimeout(timer);
			var q = input.value.trim();
			if (q.length < 2 || q === asked) {
				return;
			}
			timer = setTimeout(function () {
				asked = q;
				fetch(address + '?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } })
					.then(function (answer) { return answer.ok ? answer.json() : { suggestions: [] }; })
					.then(function (body) {
						if (input.value.trim() !== q) {
							return; // the person typed on: this list is stale
						}
						list.textContent = '';
						(body.suggestions || []).forEach(function (suggestion) {
							var option = document.createElement('option');
							option.value = suggestion.title;
							list.appendChild(option);
						});
					})
					.catch(function () { /* no proposals: the box still works */ });
			}, 200);
		});
	}

	function start() {
		drawMap();
		copyButtons();
		searchEnhancements();
		suggestions();
	}

	if (document.readyState === 'loading') {
		document.addEventListener('DOMContentLoaded', start);
	} else {
		start();
	}
})();
