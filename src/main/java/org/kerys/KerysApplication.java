package org.kerys;

import org.kerys.platform.Commands;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Kerys: one application for a territory's open, restricted and personal data.
 * {@code java -jar kerys.jar} runs the portal; {@code java -jar kerys.jar <command> …} runs a command.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class KerysApplication {

	public static void main(String[] args) {
		if (Commands.isCommand(args)) {
			System.exit(Commands.run(KerysApplication.class, args));
		}
		SpringApplication.run(KerysApplication.class, args);
	}
}
