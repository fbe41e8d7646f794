package org.kerys;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(KerysApplication.class);

	@Test
	void shouldRespectModuleBoundaries() {
		modules.verify();
	}

	@Test
	void shouldWriteModuleDocumentation() {
		new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
	}
}
