export { setUpCompany, isSetUp } from './company.js';
export { setExchangeRate, conversionOn, functionalCurrency, type Conversion } from './currency.js';
export { recordSimulation, simulationState, type SimulationState } from './simulation-state.js';
