package org.kerys.catalog.internal.validation;

public enum ValidationMode { STRICT, LENIENT }
