package io.datastream.sim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh simulator on a free port for every test. */
abstract class SimulatorTestSupport {

    protected ExchangeSimulator simulator;

    @BeforeEach
    void startSimulator() {
        simulator = ExchangeSimulator.start(0);
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }
}
