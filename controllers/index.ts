// Every controller machined runs, in one list.
import type { Controller } from '../src/controller-runtime';
import { MachineTypeController } from './config/machine-type';

export function controllers(): Controller[] {
  return [new MachineTypeController()];
}
