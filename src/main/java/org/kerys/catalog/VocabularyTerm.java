package org.kerys.catalog;

/** A term of a controlled vocabulary of the catalogue (a theme, a licence): its code, labels and URI if any. */
public record VocabularyTerm(String code, String labelFr, String labelEn, String uri) {
}
