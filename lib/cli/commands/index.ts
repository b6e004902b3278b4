/**
 * Every `ecg-llm` command, in pipeline order. Each stage adds its command module here.
 */
import type { Command } from '../command.js';
import { llmCommand } from './llm.js';

export const commands: Command[] = [
  llmCommand,
];
