/**
 * Every `ecg-llm` command, in pipeline order. Each stage adds its command module here.
 */
import type { Command } from '../command.js';
import { corpusCommand } from './corpus.js';
import { notebooksCommand } from './notebooks.js';
import { ragCommand } from './rag.js';
import { doctorCommand, runsCommand } from './workspace.js';

export const commands: Command[] = [
  corpusCommand,
  ragCommand,
  notebooksCommand,
  runsCommand,
  doctorCommand,
];
