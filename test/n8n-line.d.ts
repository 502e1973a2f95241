/** The n8n line a jest project runs against (jest.config.js `globals`): 2 for 2.x, 1 for 1.x. */
declare const N8N_LINE: 1 | 2;
