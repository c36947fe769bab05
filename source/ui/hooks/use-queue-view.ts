import {useSyncExternalStore} from 'react';
import type {QueueView} from '../../view/types.js';
import type {Controller} from '../controller.js';

/** The controller's current view; re-renders only when it publishes a new one. */
export const useQueueView = (c: Controller): QueueView => useSyncExternalStore(c.subscribe, c.getView);
