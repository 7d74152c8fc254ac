import { chartsContract } from '../contract/charts.contract.js';

chartsContract();
