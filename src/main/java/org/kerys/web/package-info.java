/**
 * The portal pages (home, dataset list, dataset page) in French and English: layout, navigation, language
 * choice, error pages and static assets.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
package org.kerys.web;
