/** The routing bench's team: member purposes and the customer messages routed to them. */
export const PURPOSES = [
  'Orders, deliveries and tracking numbers',
  'Refunds, returns and invoices',
  'Opening hours, address and parking',
  'Product questions and stock levels',
  'Account, password and sign-in problems',
  'Complaints and escalations to a manager',
  'Gift cards and vouchers',
  'Anything else, small talk and greetings',
];
/** Several sentences each: what the message cut decides on. */
export const LONG_MESSAGES = [
  'Hi, I ordered a kettle and a toaster last Monday and the tracking page has said "in transit" for four days now. Could you tell me where the parcel is and when it will arrive? I need it before the weekend.',
  'Good morning. The blue jacket I bought in your shop on Saturday has a broken zip and the seam on the left sleeve is coming apart already. I would like a refund to my card, or an exchange if you have another one in size M.',
  'Hello there, I am planning to visit your store with my elderly mother next Sunday afternoon and wanted to check the opening hours, whether there is parking close to the entrance, and if the building has a lift.',
];
export const MESSAGES = [
  'Where is my parcel? It was due yesterday.',
  'I want my money back for the broken kettle.',
  'Are you open on Sunday afternoon?',
  'Do you have the blue jacket in size M?',
  'I cannot log in, the reset mail never came.',
  'Your driver was rude, I want to talk to a manager.',
  'Can I pay with two gift cards at once?',
  'Hello! How is your day going?',
];
