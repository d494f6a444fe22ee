// Controllers read optional inputs with the store's own helper (their context reads like the store).
export { getOptional } from '../state/get-optional';
