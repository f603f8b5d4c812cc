import { describe, expect, it } from 'vitest';
import { fieldDomId, fieldLabel, humanMessage, issuesUnder, messagesAt, tidyIssues } from './fieldIssues';

const issues = [
  { path: 'name', message: 'must not be empty' },
  { path: 'team', message: 'a team agent needs team members and a router model' },
  { path: 'team.members[0].agentId', message: 'a team cannot contain itself' },
  { path: 'teamwork', message: 'unrelated' },
  { path: 'sampling.topP', message: 'Too big' },
];

describe('field issue mapping', () => {
  it('finds the messages of exactly one field', () => {
    expect(messagesAt(issues, 'name')).toEqual(['must not be empty']);
    expect(messagesAt(issues, 'team')).toEqual(['a team agent needs team members and a router model']);
    expect(messagesAt(issues, 'sampling.temperature')).toEqual([]);
  });

  it('collects a section and its children but not look-alike names', () => {
    expect(issuesUnder(issues, 'team').map((i) => i.path)).toEqual(['team', 'team.members[0].agentId']);
    expect(issuesUnder(issues, 'team.members').map((i) => i.path)).toEqual(['team.members[0].agentId']);
  });

  it('names fields for people', () => {
    expect(fieldLabel('sampling.topP')).toBe('Top-p');
    expect(fieldLabel('team.members[1].purpose')).toBe('Team member 2 purpose');
    expect(fieldLabel('starterPrompts[0]')).toBe('Starter prompt 1');
    expect(fieldLabel('tools.read_file')).toBe('Tool read_file');
    expect(fieldLabel('something.else')).toBe('something.else');
  });

  it('gives every path a distinct, selector-safe DOM id', () => {
    expect(fieldDomId('team.members[0].agentId')).toBe('agent-field-team-members-0-agentId');
    expect(fieldDomId('sampling.topP')).not.toBe(fieldDomId('sampling.topK'));
  });
});

describe('humanMessage', () => {
  it('rewords zod range messages and leaves others alone', () => {
    expect(humanMessage('Too big: expected number to be <=1')).toBe('must be at most 1');
    expect(humanMessage('Too small: expected number to be >=64')).toBe('must be at least 64');
    expect(humanMessage('Too small: expected number to be >0')).toBe('must be more than 0');
    expect(humanMessage('Too big: expected string to have <=80 characters')).toBe('must be at most 80 characters');
    expect(humanMessage('must not be empty')).toBe('must not be empty');
  });
});

describe('tidyIssues', () => {
  it('orders issues like the form and keeps one message for an empty field', () => {
    const tidy = tidyIssues([
      { path: 'sampling.topP', message: 'must be at most 1' },
      { path: 'id', message: 'must not be empty' },
      { path: 'id', message: 'must be a slug: lowercase letters, digits and single dashes' },
      { path: 'team.members', message: 'a team needs at least one member' },
      { path: 'name', message: 'must not be empty' },
      { path: '', message: 'whole document' },
    ]);
    expect(tidy.map((i) => i.path)).toEqual(['name', 'id', 'sampling.topP', 'team.members', '']);
  });
});
