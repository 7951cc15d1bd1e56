"""Small hand-written training sets for the API fixture models (written for this repository)."""

SENTIMENT = [
    ('negative', [
        'terrible product, it broke after one day', 'the worst purchase I have ever made', 'awful quality',
        'I hate it, total waste of money', 'very disappointed with the service', 'broken on arrival',
        'useless, does not work at all', 'horrible experience, never again', 'poor quality and bad support',
        'the delivery was late and the box was damaged', 'not worth the price', 'it stopped working, so bad',
        'rude staff and slow service', 'cheap plastic, feels flimsy', 'I want my money back, terrible',
        'would not recommend to anyone', 'bad, bad, bad', 'the screen cracked, awful',
        'returned it, very poor', 'complete disappointment']),
    ('neutral', [
        'it arrived on monday', 'the package contains a cable and a manual', 'I ordered the blue one',
        'the product is okay', 'it does what it says', 'average quality for the price', 'nothing special',
        'the box was brown', 'delivery took three days', 'it is a phone case', 'I bought it last week',
        'the size is medium', 'it comes in two colours', 'fine I guess', 'no strong opinion',
        'the manual is in english', 'it was delivered by post', 'the item matches the description',
        'it is neither good nor bad', 'I have used it twice']),
    ('positive', [
        'I love it, works perfectly', 'excellent quality, very happy', 'great product, highly recommend',
        'amazing, exceeded my expectations', 'fantastic service and fast delivery', 'wonderful, thank you',
        'best purchase this year', 'really happy with it', 'superb build quality', 'five stars, great value',
        'the staff were friendly and helpful', 'works great, love the design', 'absolutely brilliant',
        'very good, would buy again', 'perfect fit and lovely colour', 'awesome, my kids love it',
        'great great great', 'happy customer, excellent support', 'beautiful and well made',
        'good quality and cheap']),
]

SUPPORT_TOPICS = [
    ('account', [
        'I forgot my password', 'reset my password', 'cannot log in to my account', 'my account is locked',
        'change the email on my account', 'how do I delete my account', 'update my username',
        'two factor code not received', 'login page says wrong password', 'unlock my account please',
        'I want to change my password', 'my profile settings are wrong', 'sign in does not work',
        'create a new account', 'account verification email']),
    ('billing', [
        'I was charged twice', 'my invoice is wrong', 'refund my last payment', 'why is my bill so high',
        'update my credit card', 'cancel my subscription and refund', 'payment failed',
        'I need a copy of my invoice', 'wrong amount on the bill', 'how do I pay by bank transfer',
        'the charge on my card is too high', 'billing address change', 'when will I get my refund',
        'duplicate payment on my statement', 'price on the invoice is different']),
    ('shipping', [
        'where is my package', 'my parcel is late', 'track my order', 'delivery tracking number please',
        'the courier did not deliver', 'change my delivery address', 'when will my order arrive',
        'package marked delivered but not here', 'shipping to another country', 'how much is delivery',
        'the parcel was damaged in transit', 'delivery date for my order', 'my order has not shipped',
        'lost package', 'express shipping options']),
    ('technical', [
        'the app crashes on startup', 'the website is not loading', 'error message when I click save',
        'the app is very slow', 'cannot upload a file', 'the page shows error 500', 'update broke the app',
        'notifications do not work', 'the screen freezes', 'bug in the search feature',
        'app keeps closing on my phone', 'video does not play', 'the download fails', 'sync is not working',
        'the button does nothing']),
]
