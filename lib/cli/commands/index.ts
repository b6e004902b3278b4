/**
 * Every `ecg-llm` command, in pipeline order. Each stage adds its command module here.
 */
import type { Command } from '../command.js';
import { corpusCommand } from './corpus.js';
import { dataCommand } from './data.js';
import { finetuneCommand } from './finetune.js';
import { evaluateCommand } from './evaluate.js';
import { llmCommand } from './llm.js';
import { mainCommand } from './main.js';
import { modelsCommand } from './models.js';
import { notebooksCommand } from './notebooks.js';
import { ragCommand } from './rag.js';
import { reproduceCommand } from './reproduce.js';
import { studyCommand } from './study.js';
import { synthesizeCommand } from './synthesize.js';
import { doctorCommand, runsCommand } from './workspace.js';

export const commands: Command[] = [
  studyCommand,
  mainCommand,
  dataCommand,
  corpusCommand,
  synthesizeCommand,
  finetuneCommand,
  llmCommand,
  modelsCommand,
  ragCommand,
  evaluateCommand,
  reproduceCommand,
  notebooksCommand,
  runsCommand,
  doctorCommand,
];
