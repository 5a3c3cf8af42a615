package bpflife.model;

import bpflife.model.scenario.Scenario;

/** What every step may read besides its own state: the scenario's scripts and the semantics. */
public record Env(Scenario scenario, Semantics semantics) {}
